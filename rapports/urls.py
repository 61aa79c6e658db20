app_name = "rapports"
urlpatterns: list = []
