-- Each area's risks of institution $1 in year $2 and its standing among peers
-- (mart_institution_profile: counts by severity, weighted points, money, peer percentile).
select
    area,
    flags,
    high,
    medium,
    low,
    points::double          as points,
    amount_yuan::double     as amount_yuan,
    area_percentile::double as area_percentile,
    peer_count
from mart_institution_profile
where institution_code = $1 and year = $2
