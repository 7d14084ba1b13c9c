"""Running replications: experiments, comparisons, fitting, batches, projections, executors."""
