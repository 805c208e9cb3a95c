"""Settings package: base.py holds everything shared; dev, test and production only differ."""
