-- Each area's peer percentile and peer count of institution $1 in year $2 (mart_institution_profile).
select area, area_percentile::double as area_percentile, peer_count
from mart_institution_profile
where institution_code = $1 and year = $2
