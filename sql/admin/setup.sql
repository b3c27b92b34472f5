-- twt: one-time Snowflake setup, run once per Snowflake account (or per twt installation) by a
-- person who can use ACCOUNTADMIN, before the first `sam deploy`. Everything after this — the
-- storage integration, stage, pipe, stream and tables — is created by the stack's Bootstrap
-- function, as the role made here.
--
-- Creates: role TWT_SERVICE_ROLE; user TWT_SERVICE (TYPE = SERVICE: key-pair login only, no
-- password, no MFA prompt); warehouse TWT_WH (XSMALL, suspends after 60 s idle, resumes on
-- demand; with the default RefreshCompute=serverless only Bootstrap uses it, during deploys);
-- database TWT_DB with schema TWT; the grants Bootstrap and Refresh need. The refresh task's
-- optional error notifications need one more step after the first deploy (docs/deploy.md).
--
-- Before running it, make the key pair (keep rsa_key.p8 out of version control):
--
--   openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 aes256 -inform PEM -out rsa_key.p8
--       (asks for a passphrase: it goes into the secret as private_key_passphrase;
--        for an unencrypted key use `openssl pkcs8 -topk8 -nocrypt` instead)
--   openssl rsa -in rsa_key.p8 -pubout -out rsa_key.pub
--   grep -v -- '-----' rsa_key.pub | tr -d '\n'     (the value for RSA_PUBLIC_KEY below)
--
-- Then paste that value in place of <RSA_PUBLIC_KEY> and run this script, e.g. in a worksheet
-- or with `snow sql -f sql/admin/setup.sql`. It can be run again: every statement is
-- idempotent (IF NOT EXISTS, or a grant that is already held).
--
-- The names are the ones the Snowflake secret names (keys role, user, warehouse, database,
-- schema; see docs/deploy.md). To use others, change them here and in the secret alike;
-- they must be plain identifiers (letters, digits, underscores), which Snowflake upper-cases.
-- Several stacks in one account can share this setup only with their own IntegrationName each.

-- ---------------------------------------------------------------- role and user
USE ROLE USERADMIN;

CREATE ROLE IF NOT EXISTS TWT_SERVICE_ROLE
    COMMENT = 'twt: owns the twt Snowflake objects; used by the Bootstrap and Refresh functions';

-- Let the administrators who look after the account see and manage what twt creates.
GRANT ROLE TWT_SERVICE_ROLE TO ROLE SYSADMIN;

CREATE USER IF NOT EXISTS TWT_SERVICE
    TYPE = SERVICE
    RSA_PUBLIC_KEY = '<RSA_PUBLIC_KEY>'
    DEFAULT_ROLE = TWT_SERVICE_ROLE
    DEFAULT_WAREHOUSE = TWT_WH
    DEFAULT_NAMESPACE = TWT_DB.TWT
    COMMENT = 'twt: the Bootstrap and Refresh Lambda functions (key-pair login)';

-- On a re-run, CREATE leaves an existing user alone: this sets its key all the same.
ALTER USER TWT_SERVICE SET RSA_PUBLIC_KEY = '<RSA_PUBLIC_KEY>';

GRANT ROLE TWT_SERVICE_ROLE TO USER TWT_SERVICE;

-- ---------------------------------------------------------------- warehouse, database, schema
USE ROLE SYSADMIN;

-- Runs only while a refresh (or a bootstrap) has work: AUTO_RESUME starts it for a query,
-- AUTO_SUSPEND stops it after 60 idle seconds. Snowpipe loads on Snowflake's own compute, not here.
CREATE WAREHOUSE IF NOT EXISTS TWT_WH
    WAREHOUSE_SIZE = XSMALL
    AUTO_SUSPEND = 60
    AUTO_RESUME = TRUE
    INITIALLY_SUSPENDED = TRUE
    COMMENT = 'twt: the Refresh merges';

CREATE DATABASE IF NOT EXISTS TWT_DB
    COMMENT = 'twt: X posts as analytics tables';

CREATE SCHEMA IF NOT EXISTS TWT_DB.TWT
    COMMENT = 'twt: twt_raw (Snowpipe), twt_user, twt_tweet; created by the Bootstrap function';

GRANT USAGE ON WAREHOUSE TWT_WH TO ROLE TWT_SERVICE_ROLE;
GRANT USAGE ON DATABASE TWT_DB TO ROLE TWT_SERVICE_ROLE;
GRANT USAGE ON SCHEMA TWT_DB.TWT TO ROLE TWT_SERVICE_ROLE;

-- What the migrations in sql/snowflake/migrations create. The role owns what it creates, so it
-- may alter, pause, describe and (with DropDataOnDelete) drop it later. CREATE TABLE also covers
-- the temporary table each refresh uses and the migration history table. CREATE TASK: the
-- serverless refresh task (RefreshCompute=serverless, the default), which Bootstrap keeps; the
-- Refresh function runs it as its owner (OWNERSHIP allows EXECUTE TASK).
GRANT CREATE TABLE, CREATE VIEW, CREATE STAGE, CREATE PIPE, CREATE STREAM, CREATE FILE FORMAT, CREATE TASK
    ON SCHEMA TWT_DB.TWT TO ROLE TWT_SERVICE_ROLE;

-- ---------------------------------------------------------------- account level
USE ROLE ACCOUNTADMIN;

-- The storage integration (its IAM user and external id are what the stack's storage role
-- trusts) is an account-level object: only a role with this privilege may create one.
GRANT CREATE INTEGRATION ON ACCOUNT TO ROLE TWT_SERVICE_ROLE;

-- The serverless refresh task runs with its owner's privileges: the owner needs EXECUTE TASK to
-- run any task it owns and EXECUTE MANAGED TASK for one on serverless compute ("Running tasks",
-- https://docs.snowflake.com/en/user-guide/tasks-intro; CREATE TASK, access control requirements,
-- https://docs.snowflake.com/en/sql-reference/sql/create-task). Not needed with RefreshCompute=warehouse.
GRANT EXECUTE TASK, EXECUTE MANAGED TASK ON ACCOUNT TO ROLE TWT_SERVICE_ROLE;

-- ---------------------------------------------------------------- analysts (read-only)
-- For a BI tool or analysts: read the tables and the views (docs/analysts.md), nothing else.
-- Future grants cover the tables and views the Bootstrap function creates later; running this script again after a deploy also covers the
-- existing ones. Queries run on TWT_WH here; give analysts a warehouse of their own if their load
-- should not share its credits and queue with the refresh.
USE ROLE SECURITYADMIN;
CREATE ROLE IF NOT EXISTS TWT_ANALYST
    COMMENT = 'twt: read-only access to the twt tables and the analyst views';
GRANT ROLE TWT_ANALYST TO ROLE SYSADMIN;
GRANT USAGE ON WAREHOUSE TWT_WH TO ROLE TWT_ANALYST;
GRANT USAGE ON DATABASE TWT_DB TO ROLE TWT_ANALYST;
GRANT USAGE ON SCHEMA TWT_DB.TWT TO ROLE TWT_ANALYST;
GRANT SELECT ON FUTURE TABLES IN SCHEMA TWT_DB.TWT TO ROLE TWT_ANALYST;
GRANT SELECT ON ALL TABLES IN SCHEMA TWT_DB.TWT TO ROLE TWT_ANALYST;
GRANT SELECT ON FUTURE VIEWS IN SCHEMA TWT_DB.TWT TO ROLE TWT_ANALYST;
GRANT SELECT ON ALL VIEWS IN SCHEMA TWT_DB.TWT TO ROLE TWT_ANALYST;
-- Then, for each analyst or the BI tool's user: GRANT ROLE TWT_ANALYST TO USER <name>;

-- Check: the grants the functions will run with.
USE ROLE ACCOUNTADMIN;
SHOW GRANTS TO ROLE TWT_SERVICE_ROLE;
