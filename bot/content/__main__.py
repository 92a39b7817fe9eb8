"""`python -m bot.content --check`: verify that remedies.yml's names fit together and every
passage is still in the article; `--refingerprint` records a review. Needs PyYAML."""

import sys

from bot.content import main

sys.exit(main())
