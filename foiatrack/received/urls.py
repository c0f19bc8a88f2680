from django.urls import path

from foiatrack.received import views

app_name = "received"
urlpatterns = [
    path("", views.file_list, name="file_list"),
    path("upload/", views.upload, name="upload"),
    path("files/<int:file_id>/", views.file_detail, name="file_detail"),
    path("files/<int:file_id>/download/", views.file_download, name="file_download"),
    path("tables/<int:table_id>/", views.table_detail, name="table_detail"),
    path("tables/<int:table_id>/status/", views.table_status, name="table_status"),
    path("tables/<int:table_id>/roles/", views.table_roles, name="table_roles"),
]
