from django.urls import path

from . import views_avenants

# Mounted under /subventions/ (config/urls.py): an amendment is a page of the grant.
app_name = "avenants"
urlpatterns = [
    path("<int:pk>/avenants/nouveau/", views_avenants.AvenantCreerView.as_view(), name="creer"),
]
