-- name: sources_by_health
-- Sources by health state (the Prometheus gauge wirefeed_sources): disabled, paused (a pause reason is set),
-- failing (failed polls in a row), ok.
SELECT CASE WHEN NOT enabled THEN 'disabled'
            WHEN paused_reason IS NOT NULL THEN 'paused'
            WHEN consecutive_failures > 0 THEN 'failing'
            ELSE 'ok' END AS state,
       count(*) AS n
FROM sources
GROUP BY 1;
