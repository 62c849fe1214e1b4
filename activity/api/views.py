from rest_framework import generics

from activity import selectors
from codezest.api.pagination import CursorPagination
from codezest.api.rows import JSONRowsListMixin
from codezest.api.views import SelectorQuerysetMixin

from .serializers import ActivitySerializer


class MyActivity(JSONRowsListMixin, SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = ActivitySerializer
    pagination_class = CursorPagination

    def select(self):
        return selectors.user_feed(user=self.request.user)
