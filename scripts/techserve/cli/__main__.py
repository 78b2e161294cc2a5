"""python -m techserve.cli"""

import sys

from . import main

sys.exit(main())
