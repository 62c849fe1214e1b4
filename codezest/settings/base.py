"""Settings shared by every environment; each value comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from codezest.db.config import POOL_MAX_SIZE, databases_config

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "codezest.apps.CodeZestAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "learning",
    "payments",
    "notifications",
    "activity",
]

MIDDLEWARE = [
    "codezest.middleware.RequestLogMiddleware",  # first: every answer carries X-Request-ID and is logged once
    "codezest.middleware.ReplicaReadsMiddleware",  # a GET or HEAD reads from the replica until it writes
    "django.middleware.security.SecurityMiddleware",
    # (production inserts WhiteNoise here)
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below)
    "corsheaders.middleware.CorsMiddleware",  # before anything that may answer, so every answer has its headers
    "codezest.api.bodies.BodyLimitMiddleware",  # an API body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, read or not
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "codezest.api.query_params.StrictQueryParamsMiddleware",  # an undocumented query parameter is a 400
    "codezest.middleware.DatabaseUnavailableMiddleware",  # the database down: 503 with Retry-After, not a 500
]

ROOT_URLCONF = "codezest.urls"
WSGI_APPLICATION = "codezest.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "codezest" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def databases(*, allow_embedded: bool, conn_max_age: int = 0) -> dict:
    """DATABASES from the environment (codezest.db.config; README "Scaling out"); connections are kept for
    ``conn_max_age`` seconds unless DJANGO_CONN_MAX_AGE says otherwise or the pool keeps them."""
    pool = env.bool("DATABASE_POOL", default=False)
    return databases_config(
        env.str("DATABASE_URL", default=""),
        env.str("DATABASE_REPLICA_URL", default=""),
        allow_embedded=allow_embedded,
        conn_max_age=env.int("DJANGO_CONN_MAX_AGE", default=0 if pool else conn_max_age),
        pool=pool,
        pool_max_size=env.int("DATABASE_POOL_MAX_SIZE", default=POOL_MAX_SIZE),
        pgbouncer=env.bool("DATABASE_PGBOUNCER", default=False),
    )


# With DATABASE_REPLICA_URL, reads that may lag go to the replica (codezest.db.router); without, all to default.
DATABASE_ROUTERS = ["codezest.db.router.PrimaryReplicaRouter"]
# Read and written on the primary alone, and writing them does not move a GET's other reads off the replica:
# the credentials a request presents (perhaps issued a moment ago; a use is written) and the database cache
# (the throttles count every request there).
DATABASE_PRIMARY_MODELS = ["accounts.session", "sessions.session", "django_cache.cacheentry"]


AUTH_USER_MODEL = "accounts.User"
# Email is unique through the case-insensitive constraint users_email_ci_unique,
# which this check does not recognise.
SILENCED_SYSTEM_CHECKS = ["auth.E003"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lifetimes of the tokens issued by accounts.services.
SESSION_TOKEN_TTL = timedelta(days=env.int("SESSION_TOKEN_TTL_DAYS", default=30))
PASSWORD_RESET_TTL = timedelta(hours=env.int("PASSWORD_RESET_TTL_HOURS", default=1))
EMAIL_VERIFICATION_TTL = timedelta(days=env.int("EMAIL_VERIFICATION_TTL_DAYS", default=2))

# Background work (analyses, e-mail) runs through Django's Tasks framework, stored in the database
# and run by `manage.py db_worker`; tests run tasks immediately.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# Analytics events are partitioned by month (activity.partitions): partitions are made this many months ahead,
# and those older than the current month and the ANALYTICS_RETENTION_MONTHS before it are detached (dropped too
# when ANALYTICS_RETENTION_DROP is on; otherwise they stay as tables of their own, to archive).
ANALYTICS_PARTITIONS_AHEAD_MONTHS = env.int("ANALYTICS_PARTITIONS_AHEAD_MONTHS", default=3)
ANALYTICS_RETENTION_MONTHS = env.int("ANALYTICS_RETENTION_MONTHS", default=24)
ANALYTICS_RETENTION_DROP = env.bool("ANALYTICS_RETENTION_DROP", default=False)

EMAIL_BACKEND = env.str("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_PROVIDER_NAME = env.str("EMAIL_PROVIDER_NAME", default="smtp")
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@codezest.com")

# The analysis engine (learning.assignments.analyzers): which analyzers run, and the thresholds they use.
ASSIGNMENT_ANALYZERS = env.list(
    "ASSIGNMENT_ANALYZERS",
    default=[
        "learning.assignments.analyzers.llm.LLMAssignmentAnalyzer",
        "learning.assignments.analyzers.static.StaticPythonAnalyzer",
    ],
)
ASSIGNMENT_PASS_MARK = env.int("ASSIGNMENT_PASS_MARK", default=60)  # overall score, 0-100
QUIZ_STRONG_TOPIC_PERCENT = env.int("QUIZ_STRONG_TOPIC_PERCENT", default=80)
QUIZ_WEAK_TOPIC_PERCENT = env.int("QUIZ_WEAK_TOPIC_PERCENT", default=60)
QUIZ_SLOW_SECONDS_PER_QUESTION = env.int("QUIZ_SLOW_SECONDS_PER_QUESTION", default=90)
# An OpenAI-compatible chat-completions API; the LLM analyzer is skipped unless both are set.
LLM_API_BASE_URL = env.str("LLM_API_BASE_URL", default="")
LLM_API_KEY = env.str("LLM_API_KEY", default="")
LLM_MODEL = env.str("LLM_MODEL", default="gpt-4o-mini")
LLM_TIMEOUT_SECONDS = env.float("LLM_TIMEOUT_SECONDS", default=30.0)

# ---- Grader (learning.assignments.grader): runs a submission against its assignment's test cases. ----
# "local" runs each test in a bubblewrap sandbox on this machine; "judge0" sends it to a Judge0 server.
GRADER_BACKEND = env.str("GRADER_BACKEND", default="local")
# Per language: the file the code is saved as, the step that compiles or syntax-checks it (None: no step),
# the command that runs it ({memory_mb} is GRADER_MEMORY_MB), its Judge0 language id (CE: Python 3.8.1,
# Node.js 12.14.0, OpenJDK 13.0.1), the address space its runtime reserves beyond the program's memory
# (V8 and the JVM map far more than they use), the text its out-of-memory failures print, and the paths its
# sandbox shows besides GRADER_SANDBOX_PATHS.
_JVM_OPTIONS = [
    "-XX:+UseSerialGC",  # one GC thread: the JVM stays under GRADER_MAX_PROCESSES and starts faster
    "-XX:ActiveProcessorCount=1",
    "-XX:TieredStopAtLevel=1",
    "-XX:-UsePerfData",  # no hsperfdata files written outside the work directory
    "-XX:CompressedClassSpaceSize=64m",  # the default 1 GB reservation does not fit an address-space limit
    "-XX:ReservedCodeCacheSize=32m",
    "-XX:MaxMetaspaceSize=128m",
]
GRADER_LANGUAGES = {
    "python": {
        "source_file": "main.py",
        "compile": ["/usr/bin/python3", "-I", "-m", "py_compile", "main.py"],
        "run": ["/usr/bin/python3", "-I", "main.py"],
        "judge0_id": 71,
        "extra_address_space_mb": 64,
        "out_of_memory": ["MemoryError"],
    },
    "javascript": {
        "source_file": "main.js",
        "compile": ["/usr/bin/node", "--check", "main.js"],
        "run": ["/usr/bin/node", "--max-old-space-size={memory_mb}", "main.js"],
        "judge0_id": 63,
        "extra_address_space_mb": 1024,
        "out_of_memory": ["JavaScript heap out of memory", "Array buffer allocation failed"],
    },
    "java": {
        "source_file": "Main.java",
        "compile": [
            "/usr/bin/javac",
            "-J-Xmx256m",
            *[f"-J{option}" for option in _JVM_OPTIONS],
            "-d",
            ".",
            "Main.java",
        ],
        "run": ["/usr/bin/java", "-Xmx{memory_mb}m", *_JVM_OPTIONS, "-Xshare:auto", "-cp", ".", "Main"],
        "judge0_id": 62,
        "extra_address_space_mb": 1024,
        "out_of_memory": ["java.lang.OutOfMemoryError"],
        "sandbox_paths": ["/etc/alternatives", "/etc/java-17-openjdk"],  # /usr/bin/java's link, the JDK's config
    },
}
GRADER_MAX_CODE_BYTES = env.int("GRADER_MAX_CODE_BYTES", default=64 * 1024)
# Limits of each test run (the compile step has its own time limit, CPU and wall alike).
GRADER_CPU_SECONDS = env.float("GRADER_CPU_SECONDS", default=5.0)
GRADER_WALL_SECONDS = env.float("GRADER_WALL_SECONDS", default=10.0)
GRADER_COMPILE_SECONDS = env.float("GRADER_COMPILE_SECONDS", default=20.0)
GRADER_MEMORY_MB = env.int("GRADER_MEMORY_MB", default=256)
GRADER_MAX_PROCESSES = env.int("GRADER_MAX_PROCESSES", default=64)  # processes and threads
GRADER_MAX_FILE_BYTES = env.int("GRADER_MAX_FILE_BYTES", default=1024 * 1024)  # each file written
GRADER_MAX_OUTPUT_BYTES = env.int("GRADER_MAX_OUTPUT_BYTES", default=1024 * 1024)  # stdout and stderr together
GRADER_REPORTED_OUTPUT_BYTES = env.int("GRADER_REPORTED_OUTPUT_BYTES", default=4096)  # kept per test
# The local sandbox: bubblewrap (Debian package "bubblewrap"), the only paths every sandbox shows, read-only
# (missing ones are skipped; /etc holds secrets, so only what the runtimes need), and the unprivileged user the
# sandbox runs as when the grader runs as root (RLIMIT_NPROC counts per real user, root is exempt).
GRADER_BWRAP = env.str("GRADER_BWRAP", default="bwrap")
GRADER_SANDBOX_PATHS = env.list("GRADER_SANDBOX_PATHS", default=["/usr", "/bin", "/lib", "/lib64", "/etc/ld.so.cache"])
GRADER_SANDBOX_UID = env.int("GRADER_SANDBOX_UID", default=65534)
GRADER_SANDBOX_GID = env.int("GRADER_SANDBOX_GID", default=65534)
# Where each submission's work directory is made (empty: the system's temporary directory). The sandbox's user
# must be able to reach it; a partition or tmpfs of its own bounds what programs can write all together.
GRADER_WORK_DIR = env.str("GRADER_WORK_DIR", default="")
# Judge0 CE or Extra: its address, its X-Auth-Token, and how long to wait for a busy queue.
JUDGE0_URL = env.str("JUDGE0_URL", default="")
JUDGE0_AUTH_TOKEN = env.str("JUDGE0_AUTH_TOKEN", default="")
JUDGE0_TIMEOUT_SECONDS = env.float("JUDGE0_TIMEOUT_SECONDS", default=10.0)
JUDGE0_POLL_ATTEMPTS = env.int("JUDGE0_POLL_ATTEMPTS", default=60)
JUDGE0_POLL_SECONDS = env.float("JUDGE0_POLL_SECONDS", default=0.5)
# ---- end of Grader ----

# The read API (/api/v1/).
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["codezest.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "codezest.api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "codezest.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [  # DRF's, with JSON nested too deeply answered as a 400
        "codezest.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "codezest.api.throttling.AnonRateThrottle",
        "codezest.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="100/minute"),
        "user": env.str("API_THROTTLE_USER", default="1000/minute"),
        # Failed logins (accounts.api.throttling): per IP, per IP and email, and per email from every IP, which
        # locks nobody out: past it, an IP that has already failed for the email gets no further try.
        "login_ip": env.str("API_THROTTLE_LOGIN_IP", default="20/hour"),
        "login_ip_email": env.str("API_THROTTLE_LOGIN_IP_EMAIL", default="5/hour"),
        "login_email": env.str("API_THROTTLE_LOGIN_EMAIL", default="50/hour"),
    },
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
# The cache every process shares, kept across restarts (the throttles count there): PostgreSQL's django_cache table,
# made by a migration (accounts 0007), or Redis when REDIS_URL is set. A write is one upsert (codezest.db.cache);
# every CULL_EVERY-th write of a process counts the rows and past MAX_ENTRIES deletes the expired ones, then a third
# of the rest: beyond ~10,000 live counters (a large distributed attack), use Redis (benchmarks/throttle_cache.py).
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "codezest.db.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "codezest.db.cache.PostgreSQLCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"MAX_ENTRIES": env.int("DJANGO_CACHE_MAX_ENTRIES", default=10_000)},
        }
    ),
}
# Browsers on these origins (scheme://host[:port], comma-separated; none by default) may call the API.
# Bearer tokens, not cookies: credentials are not allowed. ETag is exposed so that scripts can revalidate.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (*cors_default_headers, "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ["ETag"]
SPECTACULAR_SETTINGS = {
    "TITLE": "CodeZest API",
    "DESCRIPTION": (
        "The read API of the CodeZest learning platform. An undocumented query parameter is a 400 naming it. "
        "Outside this schema: GET /health (the process answers) and GET /ready (the database is reachable "
        "and migrated; 503 otherwise)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EnrollmentStatusEnum": "learning.models.EnrollmentStatus",
        "ProgressStatusEnum": "learning.models.ProgressStatus",
        "SubmissionStatusEnum": "learning.models.SubmissionStatus",
        "SubscriptionStatusEnum": "payments.models.SubscriptionStatus",
        "TransactionStatusEnum": "payments.models.TransactionStatus",
        "InvoiceStatusEnum": "payments.models.InvoiceStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "codezest.api.schema.add_error_responses",
    ],
}

# Stripe: the source of truth for payments. Without a secret key the payment endpoints answer 503.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
STRIPE_PRICES = {
    "PRO": env.str("STRIPE_PRICE_PRO", default=""),
    "ENTERPRISE": env.str("STRIPE_PRICE_ENTERPRISE", default=""),
}
STRIPE_CHECKOUT_SUCCESS_URL = env.str("STRIPE_CHECKOUT_SUCCESS_URL", default="http://localhost:8000/billing/success")
STRIPE_CHECKOUT_CANCEL_URL = env.str("STRIPE_CHECKOUT_CANCEL_URL", default="http://localhost:8000/billing/cancel")
STRIPE_PORTAL_RETURN_URL = env.str("STRIPE_PORTAL_RETURN_URL", default="http://localhost:8000/billing")
STRIPE_LIVE_MODE = env.bool("STRIPE_LIVE_MODE", default=False)
# Phase 1: the FREE plan has every feature; features listed here need PRO or ENTERPRISE.
PRO_ONLY_FEATURES = env.list("PRO_ONLY_FEATURES", default=[])
# With "unlimited_submissions" in PRO_ONLY_FEATURES, a FREE plan submits this many solutions a day.
FREE_SUBMISSIONS_PER_DAY = env.int("FREE_SUBMISSIONS_PER_DAY", default=20)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` gathers the admin's and Swagger UI's files (production serves them with WhiteNoise).
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content-Security-Policy (django-csp 4) on every page: scripts and style sheets from this site only, or inline
# ones carrying the request's nonce (Swagger UI's template); inline style attributes allowed (the admin's
# highlighted code and charts, DRF's pages); nothing may frame the site or receive its forms elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Every record goes to the console. Each request is one record on "codezest.requests" (method, path, status,
# duration, user, request id), off here (runserver prints each request); production turns it on and writes every
# record as a JSON line (codezest.logging.JsonFormatter).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"codezest.requests": {"level": env.str("DJANGO_REQUEST_LOG_LEVEL", default="WARNING")}},
}

# ---- Account flows and idempotency (issue 12) ----
# Links in account e-mails: the front end's address, and the paths that take the token ({token}).
FRONTEND_URL = env.str("FRONTEND_URL", default="http://localhost:8000")
ACCOUNT_EMAIL_VERIFY_PATH = env.str("ACCOUNT_EMAIL_VERIFY_PATH", default="/verify-email?token={token}")
ACCOUNT_PASSWORD_RESET_PATH = env.str("ACCOUNT_PASSWORD_RESET_PATH", default="/reset-password?token={token}")
# Bearer tokens slide: each use moves expiry to SESSION_TOKEN_TTL from now, never beyond SESSION_TOKEN_MAX_AGE
# after issue; the use is written at most once per SESSION_TOKEN_TOUCH_INTERVAL.
SESSION_TOKEN_MAX_AGE = timedelta(days=env.int("SESSION_TOKEN_MAX_AGE_DAYS", default=90))
SESSION_TOKEN_TOUCH_INTERVAL = timedelta(seconds=env.int("SESSION_TOKEN_TOUCH_SECONDS", default=60))
# Idempotency-Key on POSTs that create: records kept this long (`manage.py idempotency_purge` removes older
# ones); a duplicate waits this long for the first request to finish before a 409; a claim in progress for
# longer than IDEMPOTENCY_STALE_AFTER is taken to be abandoned (its request died).
IDEMPOTENCY_TTL = timedelta(hours=env.int("IDEMPOTENCY_TTL_HOURS", default=24))
IDEMPOTENCY_WAIT_SECONDS = env.float("IDEMPOTENCY_WAIT_SECONDS", default=10.0)
IDEMPOTENCY_STALE_AFTER = timedelta(seconds=env.int("IDEMPOTENCY_STALE_SECONDS", default=300))
# Sign-up, password reset and verification e-mails, per target address (counted on every request).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["account_email"] = env.str("API_THROTTLE_ACCOUNT_EMAIL", default="5/hour")
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"].append("accounts.api.idempotency.document_idempotency")
# ---- end of Account flows and idempotency ----
