"""`ordercheck --runtime -- CMD`: run a program with its decision targets probed, then reconcile
what ran with the static model and the rules (see `session.run_runtime`)."""
