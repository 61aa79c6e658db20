from django.core.management import call_command

from organismes.fichiers import verifier_fichier
from organismes.models import Document


def test_documents_de_demo_idempotents_et_valides(db, stockage_prive):
    call_command("demo", "--subventions", "5", "--organismes", "4", "--seed", "7")
    documents = list(Document.objects.all())
    assert len(documents) == 8  # letters patent + insurance certificate per organisation
    assert any(d.est_expire for d in documents) and not all(d.est_expire for d in documents)
    for document in documents:
        with document.fichier.open("rb") as fichier:
            verifier_fichier(fichier)  # what an upload would have to pass
    fichiers = sorted(p for p in stockage_prive.rglob("*") if p.is_file())
    call_command("demo", "--subventions", "5", "--organismes", "4", "--seed", "7")
    assert Document.objects.count() == 8
    assert sorted(p for p in stockage_prive.rglob("*") if p.is_file()) == fichiers
