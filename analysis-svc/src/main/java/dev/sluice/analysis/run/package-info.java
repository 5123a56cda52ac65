/**
 * The pure core of an analysis run: Argo's measurement rules, limits and verdict, the next measurement time, templates
 * merged and args substituted. Values in, a decision out; no Kubernetes, Kafka or Quarkus types (the e2e
 * ArchitectureTest keeps it so). The wiring that runs it is {@link dev.sluice.analysis.runner}.
 */
package dev.sluice.analysis.run;
