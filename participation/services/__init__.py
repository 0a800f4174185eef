"""Writers of the participatory flow, one module per area (import from the module):

- `organisations`: registration, verification, memberships.
- `accounts`: self-registration with e-mail confirmation.
- `consultations`: open/close consultations, the comment-window check.
- `proposals`: usulan and their disposition.
- `minutes`: berita acara of a forum.
- `notifications`: in-app and e-mail notifications (`notify`).
- `comments` and `responses`: owned by the comments part of the flow.
"""
