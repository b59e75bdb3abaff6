"""What pages and the API of every app share, low enough for each of them to import
(ADR 0012): the presenters of the pages (`presenters`) and the API's lists, shared
schemas and request bodies (`api_lists`, `api_schemas`, `api_bodies`). It imports only
the domain, Django and django-ninja."""
