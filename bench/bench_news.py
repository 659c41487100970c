"""Benchmark: the public news pages over a national archive of published articles.

Against the database of DATABASE_URL (SQLite file by default), it migrates, loads the real units
(`load_units`) and generates, if not there yet, BENCH_ARTICLES published articles (default
100,000) over real units: a third on Nghệ An's site (P-40, the measured heavy site), the rest over
every province and district alive in some year since 2015, each dated within its unit's life;
three categories per site, a photo on every third article, bodies of ~4 kB of seed text.

Then it measures, through the Django test client (URL routing, middleware, view, template: the
whole request an anonymous reader makes), and as the plain SQL for the same rows, in the same run:

- the article page (`/tin/P-40/<slug>/`): unit, article with its category, photos, "Tin cùng
  chuyên mục", the site's categories; cycling over a sample of articles;
- the latest-news page (`/tin/P-40/`), its 50th page, and a category page.

Each page's view is also timed without the client (selectors + template), and the selectors' SQL
replayed as sent, to tell the database's share from Python's. Goal (issue 6): the article page's
p99 < 50 ms on PostgreSQL with 100k articles.

    .venv/bin/python bench/bench_news.py                       (SQLite: var/bench/db.sqlite3)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_tg .venv/bin/python bench/bench_news.py
    BENCH_ARTICLES=5000 BENCH_REPEAT=5 .venv/bin/python bench/bench_news.py       (quick, for CI)

BENCH_REPEAT (default 30) rounds per case, each round over BENCH_SAMPLE (default 20) articles.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
if not os.environ.get("DATABASE_URL", "").strip():
    os.environ.setdefault("TUYENGIAO_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.client import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tuyengiao.news import views_public  # noqa: E402
from tuyengiao.news.choices import ArticleStatus  # noqa: E402
from tuyengiao.news.models import Article, ArticleImage, Category  # noqa: E402
from tuyengiao.orgunits.models import OrgUnit  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
N_ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "20"))
PAGE_GOAL_MS = 50.0  # p99 of the article page, PostgreSQL
PG = connection.vendor == "postgresql"
HEAVY = "P-40"
MARK = "bench"  # source_hash of the generated articles
SEED = 20200619
BATCH = 2000
SINCE = dt.date(2015, 1, 1)
UNTIL = dt.date(2026, 11, 1)
CATEGORIES = ("Tin hoạt động", "Nghiên cứu, trao đổi", "Gương người tốt, việc tốt")

PARAGRAPH = (
    "Phát biểu chỉ đạo Hội nghị, đồng chí Trưởng Ban Tuyên giáo Tỉnh ủy đề nghị tuyên giáo các cấp "
    "tiếp tục đẩy mạnh tuyên truyền đại hội Đảng các cấp, nhất là các đợt thi đua cao điểm chào mừng "
    "đại hội; tham mưu chỉ đạo, hướng dẫn các hoạt động tuyên truyền, tổ chức các hoạt động thiết "
    "thực chào mừng các ngày lễ, kỷ niệm, sự kiện trọng đại của đất nước."
)
BODY = "\n".join(f"<p>{PARAGRAPH}</p>" for _ in range(10))  # ~4 kB, already sanitised


# Data set


def _sites() -> list[OrgUnit]:
    """Provinces and districts alive some day between SINCE and UNTIL (the real tree)."""
    units = OrgUnit.objects.filter(level__in=("province", "district"), valid_from__lte=UNTIL)
    return [u for u in units.exclude(valid_to__lt=SINCE).order_by("path") if u.code != HEAVY]


def _day_within(rng: random.Random, unit: OrgUnit) -> dt.datetime:
    start = max(unit.valid_from, SINCE)
    end = min(unit.valid_to or UNTIL, UNTIL)
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    when = dt.datetime.combine(day, dt.time(rng.randrange(7, 22), rng.randrange(60)))
    return timezone.make_aware(when)


def generate(n: int) -> str:
    """Writes `n` published articles if the data set of that size is not there yet."""
    existing = Article.objects.filter(source_hash=MARK).count()
    if existing == n:
        return f"data set: {n} articles (already there)"
    start = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        Article.objects.filter(source_hash=MARK).delete()
        Category.objects.filter(slug__startswith="bench-").delete()
        heavy = OrgUnit.objects.get(code=HEAVY)
        sites = _sites()
        owners = [heavy] * (n // 3) + [sites[i % len(sites)] for i in range(n - n // 3)]
        used = {u.pk: u for u in owners}
        categories: dict[int, list[Category]] = {}
        made = Category.objects.bulk_create(
            [
                Category(unit=u, name=name, slug=f"bench-{i}", order=i)
                for u in used.values()
                for i, name in enumerate(CATEGORIES)
            ],
            batch_size=BATCH,
        )
        for c in made:
            categories.setdefault(c.unit_id, []).append(c)
        rows = []
        for i, unit in enumerate(owners):
            title = f"Hội nghị giao ban công tác tuyên giáo số {i}"
            rows.append(
                Article(
                    unit=unit,
                    category=rng.choice(categories[unit.pk]),
                    title=title,
                    slug=f"hoi-nghi-giao-ban-cong-tac-tuyen-giao-so-{i}",
                    summary=PARAGRAPH[:200],
                    body_html=BODY,
                    author="Tin, ảnh: Thanh Thy",
                    status=ArticleStatus.PUBLISHED,
                    published_at=_day_within(rng, unit),
                    source_hash=MARK,
                    search_name=f"hoi nghi giao ban cong tac tuyen giao so {i}",
                )
            )
        articles = Article.objects.bulk_create(rows, batch_size=BATCH)
        ArticleImage.objects.bulk_create(
            [
                ArticleImage(article=a, image="news/bench/hoi-nghi.jpg", caption="Quang cảnh")
                for a in articles[::3]
            ],
            batch_size=BATCH,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if PG else "PRAGMA optimize")
    return (
        f"data set: {n} articles ({n // 3} on {HEAVY}, the rest over {len(sites)} provinces and "
        f"districts), {len(made)} categories, written in {time.perf_counter() - start:.1f} s"
    )


# Timing (as bench_programmes.py: the functions in turn, so each sees the same machine load)


def timed(fns: dict[str, Callable[[int], object]]) -> dict[str, list[float]]:
    for fn in fns.values():
        fn(0)  # warm up, untimed
    times: dict[str, list[float]] = {name: [] for name in fns}
    for r in range(REPEAT):
        for i in range(SAMPLE):
            for name, fn in fns.items():
                start = time.perf_counter()
                fn(r * SAMPLE + i)
                times[name].append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def sql(query: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


# The plain SQL of each page: the same rows the page shows

UNIT_SQL = "SELECT id, code, name, short_name, path FROM orgunits_orgunit WHERE code = %s"
CATEGORIES_SQL = """SELECT id, name, slug FROM news_category WHERE unit_id = %s
    ORDER BY "order", name"""
ARTICLE_SQL = """SELECT a.id, a.title, a.slug, a.summary, a.body_html, a.author, a.published_at,
    a.category_id, c.name, c.slug FROM news_article a
    LEFT JOIN news_category c ON c.id = a.category_id
    WHERE a.unit_id = %s AND a.slug = %s AND a.status = 'published'"""
IMAGES_SQL = """SELECT id, image, caption FROM news_articleimage WHERE article_id = %s
    ORDER BY "order", id"""
RELATED_SQL = """SELECT id, title, slug, published_at FROM news_article
    WHERE category_id = %s AND status = 'published' AND id <> %s
    ORDER BY published_at DESC, id DESC LIMIT 5"""
LIST_SQL = """SELECT id, title, slug, summary, published_at FROM news_article
    WHERE unit_id = %s AND status = 'published' {category}
    ORDER BY published_at DESC, id DESC LIMIT 21 OFFSET %s"""


def article_by_sql(code: str, slug: str) -> tuple:
    unit = sql(UNIT_SQL, [code])[0]
    article = sql(ARTICLE_SQL, [unit[0], slug])[0]
    images = sql(IMAGES_SQL, [article[0]])
    related = sql(RELATED_SQL, [article[7], article[0]])
    return (
        article[0],
        len(images),
        tuple(r[0] for r in related),
        len(sql(CATEGORIES_SQL, [unit[0]])),
    )


def list_by_sql(code: str, page: int, category_slug: str | None = None) -> tuple:
    unit = sql(UNIT_SQL, [code])[0]
    cats = sql(CATEGORIES_SQL, [unit[0]])
    where, params = "", [unit[0]]
    if category_slug:
        where = "AND category_id = %s"
        params.append(next(c[0] for c in cats if c[2] == category_slug))
    rows = sql(LIST_SQL.format(category=where), [*params, (page - 1) * 20])
    return tuple(r[0] for r in rows[:20])


# Reporting

LINE = (
    "{label:<44} page {p_med:7.2f} ms (p99 {p_p99:7.2f})  view {v_med:7.2f}  its SQL {s_med:6.2f}"
    "  plain SQL {q_med:6.2f} ms (p99 {q_p99:6.2f})  page/SQL {ratio:5.1f}  {queries} q  {verdict}"
)


def compare(label: str, paths: list[str], view: Callable, view_args: list[tuple], plain) -> float:
    """One page: through the client, the view alone, its statements replayed, the plain SQL."""
    client = Client()
    factory = RequestFactory()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(paths[0])
    assert response.status_code == 200, (paths[0], response.status_code)
    queries = len(captured)
    statements = [q["sql"] for q in captured.captured_queries]

    def replay(_i: int) -> None:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()

    def page(i: int) -> None:
        assert client.get(paths[i % len(paths)]).status_code == 200

    def view_only(i: int) -> None:
        args = view_args[i % len(view_args)]
        view(factory.get(paths[i % len(paths)]), *args)

    times = timed(
        {"page": page, "view": view_only, "replay": replay, "sql": lambda i: plain(i % len(paths))}
    )
    p_med, p_p99 = summary(times["page"])
    v_med, _ = summary(times["view"])
    s_med, _ = summary(times["replay"])
    q_med, q_p99 = summary(times["sql"])
    goal = ""
    if label.startswith("article"):
        goal = f"goal p99 < {PAGE_GOAL_MS:.0f} ms" + (
            f": {'met' if p_p99 < PAGE_GOAL_MS else 'MISSED'}" if PG else " (PostgreSQL)"
        )
    print(
        LINE.format(
            label=label,
            p_med=p_med,
            p_p99=p_p99,
            v_med=v_med,
            s_med=s_med,
            q_med=q_med,
            q_p99=q_p99,
            ratio=p_med / q_med,
            queries=queries,
            verdict=goal,
        )
    )
    return p_p99


def main() -> None:
    setup_test_environment()  # the test client's template signals; DEBUG stays as configured
    settings.ALLOWED_HOSTS = ["*"]
    version = ""
    if PG:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version(), current_setting('jit')")
            server, jit = cursor.fetchone()
        version = f" ({server.split(' on ')[0]}, jit={jit})"
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}{version}; "
        f"{REPEAT} rounds x {SAMPLE} requests per case, cases in turn; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="TW").exists():
        call_command("load_units", stdout=StringIO())
    print(f"migrate + load-units: {time.perf_counter() - start:.1f} s")
    print(generate(N_ARTICLES))
    print(f"articles in the table: {Article.objects.count()}")

    heavy = OrgUnit.objects.get(code=HEAVY)
    rng = random.Random(SEED)
    ids = list(
        Article.objects.filter(unit=heavy, status=ArticleStatus.PUBLISHED).values_list(
            "slug", flat=True
        )
    )
    slugs = rng.sample(ids, min(SAMPLE, len(ids)))
    category = Category.objects.filter(unit=heavy).order_by("order").first()
    n_heavy = len(ids)
    print(
        f"\npublic pages of {heavy.name} ({n_heavy} articles); anonymous reader "
        f"(goal: article page p99 < {PAGE_GOAL_MS:.0f} ms on PostgreSQL)"
    )
    compare(
        "article page /tin/P-40/<slug>/",
        [f"/tin/{HEAVY}/{s}/" for s in slugs],
        views_public.article,
        [(HEAVY, s) for s in slugs],
        lambda i: article_by_sql(HEAVY, slugs[i]),
    )
    compare(
        "latest news /tin/P-40/",
        [f"/tin/{HEAVY}/"],
        views_public.unit_home,
        [(HEAVY,)],
        lambda i: list_by_sql(HEAVY, 1),
    )
    deep = max(1, min(50, n_heavy // 20))
    compare(
        f"latest news, page {deep}",
        [f"/tin/{HEAVY}/?page={deep}"],
        lambda request, code: views_public.unit_home(
            RequestFactory().get(f"/tin/{code}/", {"page": deep}), code
        ),
        [(HEAVY,)],
        lambda i: list_by_sql(HEAVY, deep),
    )
    compare(
        f"category /tin/P-40/chuyen-muc/{category.slug}/",
        [f"/tin/{HEAVY}/chuyen-muc/{category.slug}/"],
        views_public.category,
        [(HEAVY, category.slug)],
        lambda i: list_by_sql(HEAVY, 1, category.slug),
    )
    print(
        f"{'':<44} page: the whole request through the test client; view: the view called "
        "directly; its SQL: the page's statements replayed as sent; plain SQL: the same rows "
        "by hand-written statements."
    )


if __name__ == "__main__":
    main()
