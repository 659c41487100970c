from django.core.management.base import BaseCommand

from tuyengiao.web.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Adds the demo units and one user per role (idempotent). Needs load-units first."

    def handle(self, *args, **options) -> None:
        logins = demo_seed()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD}):"))
            for username, what in logins:
                self.stdout.write(f"  {username:<18} {what}")
