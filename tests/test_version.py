"""The installed distribution and the package agree on the version."""

from importlib.metadata import version

import lscb_core


def test_installed_version_matches_package() -> None:
    assert version("lscb") == lscb_core.__version__
