from django.contrib.admin.apps import AdminConfig


class CodeZestAdminConfig(AdminConfig):
    default_site = "codezest.admin.CodeZestAdminSite"
