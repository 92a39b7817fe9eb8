"""`python -m bot.content --check`: verify every passage of remedies.yml against the article."""
import sys

from bot.content import main

sys.exit(main())
