"""The floor of a start: a bare PySide6 window showing one label, nothing else.

``python bench/floor_window.py`` shows it, prints "deputy: ready <seconds since the
epoch>" to stderr once it is shown (as Deputy does with DEPUTY_PRINT_READY), and exits.
No import of Deputy: what any PySide6 app pays before its own first line runs.
"""

import sys
import time

from PySide6.QtWidgets import QApplication, QLabel


def main() -> int:
    app = QApplication(sys.argv[:1])
    label = QLabel("Deputy")
    label.show()
    app.processEvents()
    print(f"deputy: ready {time.time():.6f}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
