/** An embedded PostgreSQL over a folder. */
package dev.frameflow.standalone.database;
