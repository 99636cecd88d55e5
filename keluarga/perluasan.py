"""What the apps above the data core add to it (registered in their ``AppConfig.ready()``).

- ``BACA_KADER``: name → function(user) returning a values("pk") queryset of families a kader
  also reads beyond their own regions (poktan: the families of their own groups, ROLES.md);
- ``DAFTAR_KERJA``: name → function(user) returning extra rows of the data-quality worklist page
  (poktan: groups whose R/I register is due or late).
"""

from keluarga.registri import Registri

BACA_KADER = Registri("keluarga yang juga dibaca kader (values pk)")
DAFTAR_KERJA = Registri("baris tambahan daftar kerja kualitas data")
