"""`yingji demo [--host H] [--port P] [--no-serve]`: migrate, load the demo county, print logins, serve."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from yingji.config.celery import InProcessBeat
from yingji.divisions.demo import DemoError, format_logins, load_demo


class Command(BaseCommand):
    help = (
        "Set up and serve the demo: create the data directory (YINGJI_DATA_DIR, default ./var), migrate "
        "the database, load 东乡族自治县 (24 townships, 208 villages) with generated offices and people, "
        "print one login per role, then run the development server. Safe to run again: nothing is "
        "duplicated and existing passwords are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
        parser.add_argument("--no-serve", action="store_true",
                            help="only migrate, load and print the logins (tests, CI)")

    def handle(self, *args, host, port, no_serve, **options):
        verbosity = options["verbosity"]
        data_dir = Path(settings.DATA_DIR)
        data_dir.mkdir(parents=True, exist_ok=True)
        if settings.STATIC_ROOT:
            # whitenoise serves from the finders in the demo, but warns on every start without it.
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        if verbosity >= 1:
            self.stdout.write(f"数据目录 (data directory): {data_dir}")
            self.stdout.write("迁移数据库 (migrating the database) …")
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1), stdout=self.stdout)
        if verbosity >= 1:
            self.stdout.write("载入演示数据 (loading the demo county) …")
        try:
            summary = load_demo(stdout=self.stdout if verbosity >= 1 else None)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            counts = summary.counts
            self.stdout.write(self.style.SUCCESS(
                f"东乡族自治县演示数据就绪 (demo county ready) in {summary.seconds:.1f} s: "
                f"{counts['divisions']} 区划 divisions, {counts['organisations']} 机构 organisations, "
                f"{counts['people']} 人员 people, {counts['users']} 用户 users"
            ))
        url_host = f"[{host}]" if ":" in host else host
        self.stdout.write("")
        self.stdout.write(format_logins(summary, f"http://{url_host}:{port}/"))
        if host not in ("127.0.0.1", "localhost") and host not in settings.ALLOWED_HOSTS \
                and "*" not in settings.ALLOWED_HOSTS:
            self.stdout.write(self.style.WARNING(
                f"注意 (note): {host} 不在 ALLOWED_HOSTS 中；请设置环境变量 ALLOWED_HOSTS "
                f"(set ALLOWED_HOSTS to the address browsers will use)."
            ))
        if no_serve:
            return
        self.stdout.write("")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # No broker: the periodic jobs (deadline scans, alarm escalation, retries) run in this process.
            InProcessBeat(settings.CELERY_BEAT_SCHEDULE).start()
            self.stdout.write(f"定时任务在本进程内运行 (periodic jobs run in-process): "
                              f"{', '.join(sorted(settings.CELERY_BEAT_SCHEDULE))}")
        call_command("runserver", f"{url_host}:{port}", use_reloader=False)
