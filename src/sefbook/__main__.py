import sys

from sefbook.cli import main

sys.exit(main())
