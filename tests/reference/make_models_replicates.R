# Replicate weights for the fixture of make_models_fixture.py, made once with R's survey (4.1.1)
# as.svrepdesign and committed as tests/reference/models_replicates.csv (one column per replicate,
# rows in the fixture's order) with their scale and rscales in models_replicates_meta.csv.
# JK1: services as clusters; JKn: regions as strata, services as clusters, with the fpc; BRR and
# Fay (rho = 0.5): the services paired within regions (pair), two per variance stratum;
# bootstrap: 50 Rao-Wu replicates of the stratified clustered design (seeded).
# Command (from the repository root):
#   Rscript tests/reference/make_models_replicates.R
source("tests/reference/models_common.R")
set.seed(20250125)
d$half_stratum <- interaction(d$region, d$pair, drop = TRUE)
paired <- svydesign(ids = ~service, strata = ~half_stratum, weights = ~weight, data = d)
reps <- list(
  jk1 = as.svrepdesign(svydesign(ids = ~service, weights = ~weight, data = d), type = "JK1"),
  jkn = as.svrepdesign(clustered, type = "JKn"),
  brr = as.svrepdesign(paired, type = "BRR"),
  fay = as.svrepdesign(paired, type = "Fay", fay.rho = 0.5),
  boot = as.svrepdesign(clustered, type = "bootstrap", replicates = 50))
cols <- list(); meta <- data.frame()
for (name in names(reps)) {
  r <- reps[[name]]
  w <- weights(r, "analysis")
  colnames(w) <- paste0(name, "_", seq_len(ncol(w)))
  cols[[name]] <- as.data.frame(w)
  meta <- rbind(meta, data.frame(prefix = name, type = r$type, scale = num(r$scale),
                                 rscales = paste(num(r$rscales), collapse = ";"), rho = if (is.null(r$rho)) "" else num(r$rho)))
}
out_w <- do.call(cbind, unname(cols))
write.csv(format(out_w, digits = 17, trim = TRUE), "tests/reference/models_replicates.csv", row.names = FALSE, quote = FALSE)
write.csv(meta, "tests/reference/models_replicates_meta.csv", row.names = FALSE, quote = FALSE)
