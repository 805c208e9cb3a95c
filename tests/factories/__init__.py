"""Test factories (factory-boy), one module per app, re-exported here."""

from .accounts import *  # noqa: F403
from .feed import *  # noqa: F403
from .gatherings import *  # noqa: F403
from .intervision import *  # noqa: F403
from .profiles import *  # noqa: F403
from .purpose import *  # noqa: F403
from .roadmaps import *  # noqa: F403
