# Views read through a selector in ``select()``; schema generation gets an empty queryset instead, since its
# fake request has no user or URL arguments. (A comment, not a docstring: drf-spectacular would show a
# docstring as the description of every view that has none of its own.)
class SelectorQuerysetMixin:
    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.get_serializer_class().Meta.model.objects.none()
        return self.select()

    def select(self):
        raise NotImplementedError
