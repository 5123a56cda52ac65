/**
 * The pure core of an analysis run: Argo's measurement rules, limits and verdict, the next measurement time, templates
 * merged and args substituted, the AnalysisRun a request asks for ({@code RunRequests}), which finished runs to delete
 * ({@code RunHistory}), the wait after a failed status write ({@code StatusWriteBackoff}). Values in, a decision out; no
 * Kubernetes client, Kafka, Quarkus or CDI, and nothing of the service's wiring or adapters (the e2e ArchitectureTest
 * keeps it so). The wiring that runs it is {@link dev.sluice.analysis.wiring}.
 */
package dev.sluice.analysis.core;
