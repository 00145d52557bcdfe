"""`regkg compare`: placeholder replaced below."""
