"""Benchmark: a consultation's comment page with 20 and with 2,000 comments.

    .venv/bin/python bench/bench_comments.py [--scale 1] [--comments 20 2000]
        [--requests 10] [--database-url URL]

Uses a throwaway database (a temporary SQLite file unless --database-url names another
one: it is migrated and written to). Imports the sample plan (scaled with
/work/shared/interchange/make_large_plan.py), opens a public consultation on it, adds
passage comments (every tenth with five replies and an official response) and requests
the comment page (`participation:comments`: the consulted draft with its marked passages,
one page of threads) and the response matrix, as the anonymous public and as a logged-in
member. Prints the median and worst server time and the query count of one request for
each number of comments, and the ratio of the largest to the smallest. Never fails on a
timing.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--comments", type=int, nargs="+", default=[20, 2000])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="renstra-bench-"))
    harness.django_setup(tmp, args.database_url)
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from participation.anchors import plain_text, sentences
    from participation.models import Comment, OfficialResponse
    from renstra.models import Plan, User
    from stages.versions import version_content

    source = harness.make_plan(args.scale, tmp / f"plan-x{args.scale}.json")
    plan = Plan.objects.get(public_id=harness.import_plan(source))
    admin = User.objects.create(username="bench", is_superuser=True)
    member = User.objects.create(username="warga-bench", full_name="Warga Bench")
    consultation = harness.open_public_consultation(
        plan, admin, "Konsultasi publik rancangan Renstra", timezone.now()
    )
    content = version_content(consultation.version)
    anchors = [
        (s, start, text)
        for s in content.sections
        for start, text in sentences(plain_text(s.body))[:20]
    ]
    if not anchors:
        sys.exit("The sample plan has no section text to comment on.")

    def add_comments(n: int, offset: int) -> None:
        roots = Comment.objects.bulk_create(
            Comment(
                consultation=consultation,
                plan=plan,
                version=consultation.version,
                author=member,
                target="section",
                section_id=anchors[(offset + i) % len(anchors)][0].pk,
                quote=anchors[(offset + i) % len(anchors)][2][:80],
                position=anchors[(offset + i) % len(anchors)][1],
                where_label=str(anchors[(offset + i) % len(anchors)][0]),
                body=f"Komentar uji beban nomor {offset + i}. " * 4,
            )
            for i in range(n)
        )
        threads = roots[::10]
        Comment.objects.bulk_create(
            Comment(
                consultation=consultation,
                plan=plan,
                version=consultation.version,
                author=admin,
                parent=root,
                root=root,
                target=root.target,
                section_id=root.section_id,
                quote=root.quote,
                position=root.position,
                where_label=root.where_label,
                body="Balasan unit.",
            )
            for root in threads
            for _ in range(5)
        )
        OfficialResponse.objects.bulk_create(
            OfficialResponse(comment=root, kind="noted", reason="Dicatat.", responded_by=admin)
            for root in threads
        )

    print(f"plan: {plan.elements.count()} elements, {len(content.sections)} sections")
    print(f"{'comments':>9} {'page':<22} {'median ms':>10} {'worst ms':>9} {'queries':>8}")
    anonymous = Client(HTTP_HOST="localhost")
    logged_in = Client(HTTP_HOST="localhost")
    logged_in.force_login(member)
    made = 0
    results: dict[str, list[float]] = {}
    for target in sorted(args.comments):
        add_comments(target - made, made)
        made = target
        for label, client, url in (
            (
                "comments (public)",
                anonymous,
                reverse("participation:comments", args=[consultation.public_id]),
            ),
            (
                "comments (member)",
                logged_in,
                reverse("participation:comments", args=[consultation.public_id]),
            ),
            (
                "response matrix",
                anonymous,
                reverse("participation:response_matrix", args=[consultation.public_id]),
            ),
        ):
            median, worst, queries = harness.measure(client, url, args.requests)
            results.setdefault(label, []).append(median)
            print(f"{made:>9} {label:<22} {median * 1000:>10.1f} {worst * 1000:>9.1f} {queries:>8}")
    for label, medians in results.items():
        if len(medians) > 1 and medians[0]:
            print(f"{label}: largest / smallest = {medians[-1] / medians[0]:.2f}x")
    print("(the response matrix lists every comment by design: it grows with the data)")


if __name__ == "__main__":
    main()
