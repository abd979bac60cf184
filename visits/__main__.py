import sys

from visits.cli import main

sys.exit(main())
