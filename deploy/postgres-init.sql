-- Creates the Motcua and Temporal databases and roles on the stack's one PostgreSQL (docker-compose.yml).
-- Runs once, as the superuser, when the data volume is first initialised (/docker-entrypoint-initdb.d); it is
-- not re-run on later starts, so changing a password afterwards is an ALTER ROLE by hand.
-- Passwords come from the container environment (psql 15+ \getenv); an unset one stops the init with an error.
\set ON_ERROR_STOP on
\getenv motcua_password MOTCUA_DB_PASSWORD
\getenv temporal_password TEMPORAL_DB_PASSWORD
\if :{?motcua_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'postgres-init.sql: MOTCUA_DB_PASSWORD is not set'; END $$;
\endif
\if :{?temporal_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'postgres-init.sql: TEMPORAL_DB_PASSWORD is not set'; END $$;
\endif

-- Motcua: the application's schema (knex migrations) and data.
CREATE ROLE motcua LOGIN PASSWORD :'motcua_password';
CREATE DATABASE motcua OWNER motcua;

-- Temporal: persistence and visibility stores; their schemas are applied by the temporal-schema service.
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

-- Each role reaches only its own databases.
REVOKE CONNECT, TEMPORARY ON DATABASE motcua FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE temporal FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE temporal_visibility FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE motcua TO motcua;
GRANT CONNECT, TEMPORARY ON DATABASE temporal, temporal_visibility TO temporal;

-- Temporal's PostgreSQL visibility schema indexes with btree_gin; create it here as the superuser so the
-- schema tool's CREATE EXTENSION IF NOT EXISTS finds it in place.
\connect temporal_visibility
CREATE EXTENSION IF NOT EXISTS btree_gin;
