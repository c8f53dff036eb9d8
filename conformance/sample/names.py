"""Vocabularies for synthetic persons, addresses and corporations.

Every string here is checked by the sample tests to stay inside JIS X 0213 (F12) and outside the
機種依存文字 list (F11), so clean data never warns. A few entries deliberately use kanji that are in
JIS X 0213 but not in JIS X 0208 (﨑, 栁, 濵, 德, 彅, 瀨, 曻) and one surname carries an ideographic
variation sequence (斉󠄃 = U+6589 U+E0103), because real registers hold such names and a validator must
accept them. Readings use only the カナ type's repertoire (no ・).
"""

from __future__ import annotations

IVS_SAI = "\u6589\U000e0103"  # 斉󠄃 (斉 + VS20), the IVS example of the spec


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Parse ``a:b | c:d`` lines (compact vocabularies; U+3000 inside an entry is data)."""
    out: list[tuple[str, str]] = []
    for entry in text.replace("\n", " | ").split(" | "):
        if entry.strip(" "):
            a, b = entry.strip(" ").split(":")
            out.append((a, b))
    return tuple(out)


def _triples(text: str) -> tuple[tuple[str, str, str], ...]:
    """Parse ``alpha:kana:kanji | …`` lines; kanji may be empty."""
    out: list[tuple[str, str, str]] = []
    for entry in text.replace("\n", " | ").split(" | "):
        if entry.strip(" "):
            a, b, c = entry.strip(" ").split(":")
            out.append((a, b, c))
    return tuple(out)


# (surname, reading) / (given name, reading)
JP_SURNAMES: tuple[tuple[str, str], ...] = _pairs("""
    佐藤:サトウ | 鈴木:スズキ | 高橋:タカハシ | 田中:タナカ | 伊藤:イトウ | 渡辺:ワタナベ
    山本:ヤマモト | 中村:ナカムラ | 小林:コバヤシ | 加藤:カトウ | 吉田:ヨシダ | 山田:ヤマダ
    佐々木:ササキ | 山口:ヤマグチ | 松本:マツモト | 井上:イノウエ | 木村:キムラ | 林:ハヤシ
    清水:シミズ | 山崎:ヤマザキ | 森:モリ | 池田:イケダ | 橋本:ハシモト | 阿部:アベ | 石川:イシカワ
    山下:ヤマシタ | 中島:ナカジマ | 石井:イシイ | 小川:オガワ | 前田:マエダ | 岡田:オカダ
    長谷川:ハセガワ | 藤田:フジタ | 後藤:ゴトウ | 近藤:コンドウ | 村上:ムラカミ | 遠藤:エンドウ
    青木:アオキ | 坂本:サカモト | 斎藤:サイトウ | 福田:フクダ | 太田:オオタ | 西村:ニシムラ
    藤井:フジイ | 金子:カネコ | 岡本:オカモト | 藤原:フジワラ | 中野:ナカノ | 三浦:ミウラ
    原田:ハラダ | 中川:ナカガワ | 松田:マツダ | 竹内:タケウチ | 小野:オノ | 田村:タムラ
    中山:ナカヤマ | 和田:ワダ | 石田:イシダ | 森田:モリタ | 上田:ウエダ | 原:ハラ | 内田:ウチダ
    柴田:シバタ | 酒井:サカイ | 宮崎:ミヤザキ | 横山:ヨコヤマ | 高木:タカギ | 安藤:アンドウ
    宮本:ミヤモト | 大野:オオノ | 小島:コジマ | 谷口:タニグチ | 今井:イマイ | 工藤:クドウ
    高田:タカダ | 増田:マスダ | 丸山:マルヤマ | 杉山:スギヤマ | 村田:ムラタ | 大塚:オオツカ
    新井:アライ | 小山:コヤマ | 平野:ヒラノ | 藤本:フジモト | 河野:コウノ | 上野:ウエノ
    野口:ノグチ | 武田:タケダ | 松井:マツイ | 千葉:チバ | 岩崎:イワサキ | 菅原:スガワラ
    木下:キノシタ | 久保:クボ | 佐野:サノ | 野村:ノムラ | 松尾:マツオ | 市川:イチカワ | 菊地:キクチ
    杉本:スギモト | 渡邉:ワタナベ | 山﨑:ヤマザキ | 宮﨑:ミヤザキ | 栁田:ヤナギダ | 濵田:ハマダ
    德永:トクナガ | 草彅:クサナギ | 瀨戸:セト
""")
JP_SURNAMES = (*JP_SURNAMES, (IVS_SAI + "藤", "サイトウ"))  # 斉󠄃藤: an IVS name

JP_MALE: tuple[tuple[str, str], ...] = _pairs("""
    太郎:タロウ | 一郎:イチロウ | 健太:ケンタ | 翔太:ショウタ | 大輔:ダイスケ | 拓也:タクヤ
    直樹:ナオキ | 和也:カズヤ | 誠:マコト | 浩:ヒロシ | 隆:タカシ | 健一:ケンイチ | 茂:シゲル
    勝:マサル | 実:ミノル | 清:キヨシ | 博:ヒロシ | 進:ススム | 豊:ユタカ | 修:オサム | 蓮:レン
    悠真:ユウマ | 湊:ミナト | 陽翔:ハルト | 大和:ヤマト | 悠人:ユウト | 颯太:ソウタ | 樹:イツキ
    蒼:アオイ | 陸:リク | 哲也:テツヤ | 雅之:マサユキ | 秀樹:ヒデキ | 康弘:ヤスヒロ | 正人:マサト
    曻:ノボル | 德治:トクジ
""")

JP_FEMALE: tuple[tuple[str, str], ...] = _pairs("""
    花子:ハナコ | 洋子:ヨウコ | 恵子:ケイコ | 京子:キョウコ | 幸子:サチコ | 和子:カズコ
    久美子:クミコ | 由美:ユミ | 直美:ナオミ | 明美:アケミ | 美香:ミカ | 智子:トモコ | 裕子:ユウコ
    真由美:マユミ | 愛:アイ | 陽菜:ヒナ | 結衣:ユイ | 葵:アオイ | 凛:リン | 芽依:メイ
    さくら:サクラ | 美咲:ミサキ | 彩:アヤ | 優子:ユウコ | 千尋:チヒロ | 紬:ツムギ | 結菜:ユイナ
    莉子:リコ | 杏:アン | 澪:ミオ | 節子:セツコ | 静江:シズエ | ミツ:ミツ | トシ子:トシコ
    千代:チヨ
""")

# Foreign names by ISO 3166-1 numeric nationality: (surname alpha, kana, kanji or ""), given lists by sex.
# Names are written surname first as on the 住民票.
ForeignName = tuple[str, str, str]

FOREIGN: dict[str, dict[str, tuple[ForeignName, ...]]] = {
    "704": {
        "sur": _triples("""
            NGUYEN:グエン: | TRAN:チャン: | LE:レ: | PHAM:ファム: | HOANG:ホアン: | VU:ヴー:
            DANG:ダン: | BUI:ブイ:
"""),
        "1": _triples("""
            VAN NAM:ヴァン　ナム: | DUC ANH:ドゥック　アイン: | MINH TUAN:ミン　トゥアン:
            VAN HUNG:ヴァン　フン: | QUANG HUY:クアン　フイ:
"""),
        "2": _triples("""
            THI HOA:ティ　ホア: | THI LAN:ティ　ラン: | THU TRANG:トゥ　チャン:
            NGOC ANH:ゴック　アイン: | THI MAI:ティ　マイ:
"""),
    },
    "156": {
        "sur": _triples("""
            WANG:ワン:王 | LI:リー:李 | ZHANG:チャン:張 | LIU:リュウ:劉 | CHEN:チェン:陳
            YANG:ヤン:楊 | ZHAO:チャオ:趙 | ZHOU:チョウ:周
"""),
        "1": _triples("""
            WEI:ウェイ:偉 | LEI:レイ:磊 | JUN:ジュン:軍 | HAO:ハオ:浩 | MING:ミン:明
"""),
        "2": _triples("""
            FANG:ファン:芳 | JING:ジン:静 | NA:ナ:娜 | MIN:ミン:敏 | LI:リー:麗
"""),
    },
    "410": {
        "sur": _triples("""
            KIM:キム:金 | LEE:イ:李 | PARK:パク:朴 | CHOI:チェ:崔 | JUNG:チョン:鄭 | KANG:カン:姜
            YOON:ユン:尹
"""),
        "1": _triples("""
            MINJUN:ミンジュン:民俊 | JIHOON:ジフン:智勲 | YOUNGHO:ヨンホ:永浩
            SUNGMIN:ソンミン:成民
"""),
        "2": _triples("""
            SOOJIN:スジン:秀珍 | HYEJIN:ヘジン:恵珍 | MIYOUNG:ミヨン:美英 | EUNJI:ウンジ:恩智
"""),
    },
    "158": {
        "sur": _triples("""
            CHEN:チェン:陳 | LIN:リン:林 | HUANG:ホアン:黄 | WU:ウー:呉
"""),
        "1": _triples("""
            CHIHMING:ジーミン:志明 | CHENGEN:チェンエン:承恩
"""),
        "2": _triples("""
            MEILING:メイリン:美玲 | SHUFEN:シューフェン:淑芬
"""),
    },
    "608": {
        "sur": _triples("""
            SANTOS:サントス: | REYES:レイエス: | CRUZ:クルス: | GARCIA:ガルシア:
            DELA CRUZ:デラ　クルス:
"""),
        "1": _triples("""
            JOSE:ホセ: | MARK ANTHONY:マーク　アンソニー: | JOHN PAUL:ジョン　ポール:
"""),
        "2": _triples("""
            MARIA:マリア: | ANNA MARIE:アンナ　マリー: | KRISTINE:クリスティン:
"""),
    },
    "076": {
        "sur": _triples("""
            SILVA:シルバ: | OLIVEIRA:オリベイラ: | SOUZA:ソウザ: | NAKAMURA:ナカムラ:
            PEREIRA:ペレイラ:
"""),
        "1": _triples("""
            LUCAS:ルーカス: | PEDRO HENRIQUE:ペドロ　エンリケ: | RAFAEL:ハファエル:
"""),
        "2": _triples("""
            ANA:アナ: | JULIANA:ジュリアナ: | MARIANA:マリアナ:
"""),
    },
    "524": {
        "sur": _triples("""
            GURUNG:グルン: | SHRESTHA:シュレスタ: | TAMANG:タマン: | RAI:ライ:
"""),
        "1": _triples("""
            RAM:ラム: | BINOD:ビノド: | SURESH:スレシュ:
"""),
        "2": _triples("""
            SITA:シータ: | ANITA:アニタ: | SABITA:サビタ:
"""),
    },
    "360": {
        "sur": _triples("""
            SANTOSO:サントソ: | WIJAYA:ウィジャヤ: | SARI:サリ:
"""),
        "1": _triples("""
            BUDI:ブディ: | AGUS:アグス:
"""),
        "2": _triples("""
            DEWI:デウィ: | PUTRI:プトリ:
"""),
    },
    "104": {
        "sur": _triples("""
            AUNG:アウン: | KYAW:チョー: | HTET:テッ:
"""),
        "1": _triples("""
            MIN THU:ミン　トゥ: | ZAW:ゾー:
"""),
        "2": _triples("""
            THIDA:ティダ: | SU MYAT:ス　ミャッ:
"""),
    },
    "840": {
        "sur": _triples("""
            SMITH:スミス: | JOHNSON:ジョンソン: | BROWN:ブラウン: | MILLER:ミラー:
            O'BRIEN:オブライエン:
"""),
        "1": _triples("""
            JOHN:ジョン: | MICHAEL:マイケル: | DAVID:デイビッド:
"""),
        "2": _triples("""
            EMILY:エミリー: | SARAH:サラ: | JESSICA:ジェシカ:
"""),
    },
    "826": {
        "sur": _triples("""
            TAYLOR:テイラー: | WILSON:ウィルソン: | EVANS:エヴァンス:
"""),
        "1": _triples("""
            JAMES:ジェームズ: | OLIVER:オリバー:
"""),
        "2": _triples("""
            CHARLOTTE:シャーロット: | AMELIA:アメリア:
"""),
    },
}

# Nationalities of foreign residents, with weights (roughly the order of resident populations).
NATIONALITY_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("156", 24), ("704", 20), ("410", 14), ("608", 10), ("076", 7), ("524", 6), ("360", 5),
    ("104", 3), ("158", 3), ("840", 4), ("826", 2), ("901", 2),
)

# 朝鮮 (901) uses the Korean name lists.
FOREIGN["901"] = FOREIGN["410"]

COUNTRY_NAME: dict[str, str] = {
    "156": "中華人民共和国", "704": "ベトナム", "410": "大韓民国", "901": "大韓民国", "608": "フィリピン",
    "076": "ブラジル", "524": "ネパール", "360": "インドネシア", "104": "ミャンマー", "158": "台湾",
    "840": "アメリカ合衆国", "826": "英国",
}

# The fictional municipality of the spec's examples and its 団体コード (fictional, check digit valid).
CITY = "東京都見本市"
LG_CODE = "132993"
TOWNS: tuple[str, ...] = (
    "本町", "中央", "栄町", "緑町", "旭町", "若葉台", "桜ケ丘", "南町", "北町", "東町", "西町", "宮前",
    "上原", "下原", "新田", "富士見", "日吉", "大和田", "柳沢", "梅ケ丘", "見本町", "濵野", "山﨑町",
)

APARTMENTS: tuple[str, ...] = (
    "見本ハイツ", "グリーンコーポ", "メゾン桜", "サンパレス", "パークサイド見本", "コーポ緑", "エクセル旭",
    "ロイヤル栄", "シャトー富士見", "リバーサイド柳沢", "レジデンス中央", "ハイム日吉",
)

# Other municipalities (for 転入前住所, 本籍 and non-resident addresses): prefecture + city (+ ward).
OTHER_CITIES: tuple[str, ...] = (
    "北海道札幌市中央区", "青森県青森市", "宮城県仙台市青葉区", "秋田県秋田市", "福島県郡山市",
    "茨城県水戸市", "栃木県宇都宮市", "群馬県前橋市", "埼玉県さいたま市浦和区", "埼玉県川越市",
    "千葉県千葉市中央区", "千葉県船橋市", "東京都新宿区", "東京都世田谷区", "東京都八王子市",
    "神奈川県横浜市中区", "神奈川県川崎市川崎区", "神奈川県相模原市緑区", "新潟県新潟市中央区",
    "長野県長野市", "静岡県静岡市葵区", "愛知県名古屋市中区", "京都府京都市中京区", "大阪府大阪市北区",
    "大阪府堺市堺区", "兵庫県神戸市中央区", "岡山県岡山市北区", "広島県広島市中区", "香川県高松市",
    "福岡県福岡市博多区", "熊本県熊本市中央区", "鹿児島県鹿児島市", "沖縄県那覇市",
)

OTHER_TOWNS: tuple[str, ...] = (
    "本町", "中央", "元町", "栄町", "幸町", "旭町", "錦町", "大手町", "駅前", "新町",
)

FOREIGN_ADDRESSES: tuple[str, ...] = (
    "1200 Main Street, Springfield, IL 62701, USA",
    "25 King Street, Manchester M2 4LQ, UK",
    "12 Nguyen Hue, District 1, Ho Chi Minh City, Viet Nam",
    "88 Jianguo Road, Chaoyang District, Beijing, China",
    "Rua Augusta 1500, Sao Paulo, SP, Brazil",
    "10 Orchard Road, #05-01, Singapore 238826",
)

# Corporations: (name part, reading) and forms (prefix?, text, reading).
CORP_STEMS: tuple[tuple[str, str], ...] = (
    ("見本", "ミホン"), ("緑", "ミドリ"), ("旭", "アサヒ"), ("中央", "チュウオウ"), ("富士見", "フジミ"),
    ("東和", "トウワ"), ("三栄", "サンエイ"), ("大和", "ヤマト"), ("新光", "シンコウ"), ("栄進", "エイシン"),
    ("日吉", "ヒヨシ"), ("柳沢", "ヤナギサワ"),
)
CORP_TRADES: tuple[tuple[str, str], ...] = _pairs("""
    商事:ショウジ | 建設:ケンセツ | 工業:コウギョウ | 運輸:ウンユ | 不動産:フドウサン | 電機:デンキ
    食品:ショクヒン | 印刷:インサツ | 設計:セッケイ | 物産:ブッサン | 製作所:セイサクショ | サービス:サービス
""")
CORP_FORMS: tuple[tuple[bool, str, str], ...] = (
    (True, "株式会社", "カブシキガイシャ"), (False, "株式会社", "カブシキガイシャ"),
    (False, "有限会社", "ユウゲンガイシャ"), (True, "合同会社", "ゴウドウガイシャ"),
    (True, "一般社団法人", "イッパンシャダンホウジン"),
)

KANJI_DIGITS = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    """1..99 in kanji numerals as used for 丁目 (一, 十二, 二十)."""
    if n < 10:
        return KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI_DIGITS[tens]) + "十" + (KANJI_DIGITS[ones] if ones else "")


_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth(n: int | str) -> str:
    """Full-width digits: 全角文字列 items may not hold ASCII."""
    return str(n).translate(_FULLWIDTH)


def hiragana(kana: str) -> str:
    """Katakana to hiragana (used only to inject a C3 violation into a カナ item)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def all_vocabulary() -> list[str]:
    """Every string of this module that can reach a data file (for the repertoire test)."""
    out: list[str] = []
    for table in (JP_SURNAMES, JP_MALE, JP_FEMALE, CORP_STEMS, CORP_TRADES):
        for a, b in table:
            out += [a, b]
    for groups in FOREIGN.values():
        for names in groups.values():
            for alpha, kana, kanji in names:
                out += [alpha, kana, kanji]
    out += [*COUNTRY_NAME.values(), CITY, *TOWNS, *APARTMENTS, *OTHER_CITIES]
    out += [*OTHER_TOWNS, *FOREIGN_ADDRESSES]
    for _, text, reading in CORP_FORMS:
        out += [text, reading]
    return [s for s in out if s]
