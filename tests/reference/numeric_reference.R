# Reference values for numeric items: svymean, svytotal (with confint()'s default interval) and
# svyquantile (survey 4.1's defaults: qrule = "math", interval.type = "mean", df = degf(design))
# from R's survey package (4.1.1), on years in role in the seeded fixture of
# make_models_fixture.py, overall and by sector, on a weights-only design, a stratified
# clustered design with fpc, and both raked to sector and profession margins.
# Command (from the repository root):
#   python tests/reference/make_models_fixture.py
#   Rscript tests/reference/numeric_reference.R > tests/reference/numeric_reference.csv
source("tests/reference/models_common.R")
probs <- c(0.1, 0.25, 0.5, 0.75, 0.9)
for (case in names(designs)) {
  des <- designs[[case]]
  groups <- list(All = des)
  for (g in levels(d$sector)) groups[[g]] <- subset(des, sector == g)
  for (g in names(groups)) {
    s <- groups[[g]]
    for (stat in c("mean", "total")) {
      e <- if (stat == "mean") svymean(~years_in_role, s, na.rm = TRUE) else svytotal(~years_in_role, s, na.rm = TRUE)
      ci <- confint(e)
      put(case, g, stat, coef(e)[1]); put(case, g, paste0(stat, "_se"), SE(e)[1])
      put(case, g, paste0(stat, "_lower"), ci[1, 1]); put(case, g, paste0(stat, "_upper"), ci[1, 2])
    }
    q <- svyquantile(~years_in_role, s, probs, na.rm = TRUE)[[1]]
    for (i in seq_along(probs)) {
      p <- probs[i]
      put(case, g, paste0("q", p), q[i, 1]); put(case, g, paste0("q", p, "_lower"), q[i, 2])
      put(case, g, paste0("q", p, "_upper"), q[i, 3]); put(case, g, paste0("q", p, "_se"), q[i, 4])
    }
  }
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
