# Shared fixtures for src/ and e2e/ tests live in one plugin module.
pytest_plugins = ["tuyengiao.testing"]
