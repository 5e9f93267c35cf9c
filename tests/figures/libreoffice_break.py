"""Open an SVG in LibreOffice Draw, break the imported picture into shapes (Shape > Break), save it as ODG.

Run with a Python that has LibreOffice's ``uno`` module (Debian: ``python3-uno``, the system
``/usr/bin/python3``), not the project's environment::

    /usr/bin/python3 tests/figures/libreoffice_break.py chart.svg chart.odg [other.svg other.odg ...]

LibreOffice imports every SVG file as one picture; Shape > Break (``.uno:Break``) is how a
user turns it into editable shapes and text boxes. This script does the same, headless, in a
profile of its own, so a test can count what the break gives. Several pairs are converted by one
LibreOffice, started once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def main(pairs: list[tuple[str, str]]) -> int:
    import uno  # LibreOffice's Python bridge: only in the system Python
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    profile = tempfile.mkdtemp(prefix="lo-break-")
    pipe = f"svgbreak{os.getpid()}"
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                               f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.1)
        else:
            print("LibreOffice did not start", file=sys.stderr)
            return 1
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for source, target in pairs:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                               (prop("Hidden", True),))
            page = doc.DrawPages.getByIndex(0)
            controller = doc.CurrentController
            for shape in [page.getByIndex(i) for i in range(page.Count)]:
                controller.select(shape)
                dispatcher.executeDispatch(controller.Frame, ".uno:Break", "", 0, ())
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "draw8"),))
            doc.close(True)
        return 0
    finally:
        office.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit("usage: libreoffice_break.py chart.svg chart.odg [other.svg other.odg ...]")
    sys.exit(main(list(zip(args[::2], args[1::2]))))
