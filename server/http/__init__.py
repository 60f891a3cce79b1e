"""HTTP as the endpoint speaks it: reading protocol requests, formats and their negotiation,
errors, the token and CORS, request bodies, the cap per client, writing results."""
