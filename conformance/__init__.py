"""conformance: validate migration data against the データ要件・連携要件標準仕様書 reference layouts."""

__version__ = "0.1.0"
