"""One router per resource; `api.app.ROUTE_MODULES` lists the modules the app includes."""
