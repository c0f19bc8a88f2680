app_name = "received"
urlpatterns: list = []
