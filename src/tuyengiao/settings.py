"""One settings module for every environment: everything that differs comes from the environment.

`.env.example` lists every variable. SQLite is the embedded default; set DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
# var/ holds the SQLite file, uploads and backups; it sits beside src/ in a checkout.
VAR_DIR = Path(os.environ.get("TUYENGIAO_VAR_DIR", BASE_DIR.parent.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Reads a yes/no variable and fails loudly on anything else (a typo must not flip a switch)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean (use true/false)")


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("TUYENGIAO_REQUIRE_SECRET_KEY", False):
        raise ValueError("SECRET_KEY must be set in production")
    # A development key: fine for the demo and tests, never for a server others can reach.
    SECRET_KEY = "dev-only-insecure-key-change-me"


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable; "a, b" gives ["a", "b"]."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "tuyengiao.core",
    "tuyengiao.orgunits",
    "tuyengiao.accounts",
    "tuyengiao.people",
    "tuyengiao.directives",
    "tuyengiao.programmes",
    "tuyengiao.meetings",
    "tuyengiao.news",
    "tuyengiao.reports",
    "tuyengiao.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tuyengiao.web.middleware.ContextMiddleware",
]

ROOT_URLCONF = "tuyengiao.urls"
WSGI_APPLICATION = "tuyengiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuyengiao.web.context_processors.work_context",
            ],
        },
    },
]

# An empty DATABASE_URL means "not set": the embedded SQLite default.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not DATABASE_URL:
        VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default must work on first run
    # IMMEDIATE takes the write lock at BEGIN, so two writers wait instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiled the task roll-up for 178 ms of a 411 ms execution
    # (bench/bench_programmes.py); these short analytical queries never win it back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The project's own static files (app.css) sit beside settings.py, outside any app's static/.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE


def env_margins(name: str, default: str) -> tuple[float, float, float, float]:
    """Page margins in mm, "top,bottom,left,right"; fails loudly on anything else."""
    raw = os.environ.get(name) or default
    try:
        values = tuple(float(part) for part in raw.split(","))
    except ValueError:
        values = ()
    if len(values) != 4 or not all(0 <= v <= 60 for v in values):
        raise ValueError(f"{name}={raw!r} is not four margins in mm (top,bottom,left,right)")
    return values  # type: ignore[return-value]


# Margins of the DOCX a report is exported as (Hướng dẫn 36-HD/VPTW: top and bottom 20-25 mm,
# left 30-35 mm, right 15-20 mm).
TUYENGIAO_DOCX_MARGINS_MM = env_margins("TUYENGIAO_DOCX_MARGINS_MM", "20,20,30,15")

# Roll-ups over whole provinces read the branch tallies kept by the reports services
# (reports/tallies.py); off, every roll-up reads the figures themselves (slower, same answer).
REPORT_TALLIES = env_bool("TUYENGIAO_REPORT_TALLIES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
