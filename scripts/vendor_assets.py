"""Copy Leaflet and ECharts from node_modules (installed by `npm ci` from the lockfile) into
yingji/static/vendor/, which collectstatic and the built wheel ship: no CDN at run time."""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "yingji" / "static" / "vendor"

FILES = {
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"],
    "echarts": ["dist/echarts.min.js", "i18n/langEN.js", "LICENSE"],
}


def main() -> int:
    for package, paths in FILES.items():
        target = VENDOR / package
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for relative in paths:
            source = MODULES / package / relative
            if not source.exists():
                print(f"missing {source}: run `npm ci` first", file=sys.stderr)
                return 1
            destination = target / Path(relative).name
            if source.is_dir():
                shutil.copytree(source, destination)
            else:
                shutil.copy2(source, destination)
    print(f"vendored {', '.join(FILES)} into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
