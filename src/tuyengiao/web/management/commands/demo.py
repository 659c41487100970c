"""`tuyengiao demo`: migrate, load the real units and the demo data, print the logins, serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Prepares the demo database (idempotent) and serves the app on 127.0.0.1:8000."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare the data only")

    def handle(self, *args, addrport: str, no_serve: bool, **options) -> None:
        call_command("migrate", verbosity=0)
        call_command("load_units", verbosity=1)
        call_command("seed_demo", verbosity=1)
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"Open http://{addrport}/ (Ctrl+C stops the server)"))
        # --insecure: runserver serves the static files itself, so the demo needs no web server.
        call_command("runserver", addrport, use_reloader=False, insecure_serving=True)
