/**
 * Run reports: {@link io.github.dann4j.report.RunReport} turns a run folder (written by
 * {@code dann4j train} or {@code demo}) into one self-contained HTML page that opens offline, and
 * {@link io.github.dann4j.report.RunProperties} is the run.properties file a run writes for it (its
 * settings, what it measured, the versions, when and how long). Reads files only; trains nothing.
 */
package io.github.dann4j.report;
