app_name = "foia"
urlpatterns: list = []
