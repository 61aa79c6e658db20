from django.apps import AppConfig


class RapportsConfig(AppConfig):
    name = "rapports"

    def ready(self):
        # Registers the dashboard's and the documents' rules with django-rules (asked through
        # noyau.permissions.peut).
        from django.db.models.signals import post_migrate, pre_migrate

        from . import permissions  # noqa: F401
        from .cumuls import declencheurs, signaux
        from .documents import permissions as permissions_documents  # noqa: F401

        # The triggers: dropped before a migrate on SQLite, (re)created after every migrate (the
        # test databases' too): see rapports/cumuls/declencheurs.py.
        pre_migrate.connect(declencheurs.avant_migration, sender=self, dispatch_uid="cumuls")
        post_migrate.connect(declencheurs.installer, sender=self, dispatch_uid="cumuls")
        signaux.connecter()
