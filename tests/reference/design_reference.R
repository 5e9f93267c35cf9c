# Reference values for stratified cluster designs from R's survey package.
# Command (from the repository root):
#   Rscript tests/reference/design_reference.R > tests/reference/design_reference.csv
suppressMessages(library(survey))
d <- read.csv("tests/reference/design_fixture.csv")
d$role <- factor(d$role, levels = c("DSL", "Head"))
out <- data.frame()
add <- function(design_name, lonely, des, fpc_used) {
  base <- subset(des, !is.na(not_confident))
  groups <- list(All = base, DSL = subset(base, role == "DSL"), Head = subset(base, role == "Head"))
  for (g in names(groups)) {
    s <- groups[[g]]
    m <- svymean(~not_confident, s)
    lo <- svyciprop(~not_confident, s, method = "logit")
    be <- svyciprop(~not_confident, s, method = "beta")
    out <<- rbind(out, data.frame(design = design_name, lonely_psu = lonely, group = g,
      proportion = sprintf("%.17g", coef(m)[1]), se = sprintf("%.17g", SE(m)[1]),
      df = degf(s),
      logit_lower = sprintf("%.17g", attr(lo, "ci")[1]), logit_upper = sprintf("%.17g", attr(lo, "ci")[2]),
      beta_lower = sprintf("%.17g", attr(be, "ci")[1]), beta_upper = sprintf("%.17g", attr(be, "ci")[2])))
  }
}
ab <- subset(d, nation != "C")
add("strata_cluster_fpc", "fail",
    svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools_in_nation, nest = TRUE, data = ab))
add("strata_cluster", "fail",
    svydesign(ids = ~school, strata = ~nation, weights = ~weight, nest = TRUE, data = ab))
add("cluster_only", "fail", svydesign(ids = ~school, weights = ~weight, data = ab[ab$nation == "A", ]))
for (rule in c("certainty", "remove", "adjust", "average")) {
  options(survey.lonely.psu = rule)
  add("lonely", rule, svydesign(ids = ~school, strata = ~nation, weights = ~weight, nest = TRUE, data = d))
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
