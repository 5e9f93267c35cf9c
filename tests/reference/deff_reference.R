# Reference design effects from R's survey package: svymean(deff = TRUE), against simple random
# sampling without replacement from a population of sum(weights), and svymean(deff = "replace").
# R version 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian's r-cran-survey).
# Command (from the repository root):
#   python tests/reference/make_deff_fixture.py
#   Rscript tests/reference/deff_reference.R > tests/reference/deff_reference.csv
# Designs on tests/reference/deff_fixture.csv (42 respondents in 15 schools, 2 nations):
#   fpc_population: strata, clusters, fpc, weights summing to 74.07 (a population total);
#   fpc_sample:     the same with weight_n, weights scaled to sum to about n (42.0002);
#   no_fpc:         strata and clusters with weight_n, no fpc.
suppressMessages(library(survey))
d <- read.csv("tests/reference/deff_fixture.csv")
d$role <- factor(d$role, levels = c("DSL", "Head"))
out <- data.frame()
put <- function(case, group, quantity, value) {
  out <<- rbind(out, data.frame(case = case, group = group, quantity = quantity, value = sprintf("%.17g", value)))
}
means <- function(case, des) {
  base <- subset(des, !is.na(not_confident))
  groups <- list(All = base, DSL = subset(base, role == "DSL"), Head = subset(base, role == "Head"))
  for (g in names(groups)) {
    s <- groups[[g]]
    e <- suppressWarnings(svymean(~not_confident, s, deff = TRUE, na.rm = TRUE))
    r <- svymean(~not_confident, s, deff = "replace", na.rm = TRUE)
    put(case, g, "proportion", coef(e)[1]); put(case, g, "se", SE(e)[1])
    put(case, g, "deff", deff(e)[1]); put(case, g, "deff_replace", deff(r)[1])
  }
}
means("fpc_population", svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools_in_nation,
                                  nest = TRUE, data = d))
means("fpc_sample", svydesign(ids = ~school, strata = ~nation, weights = ~weight_n, fpc = ~schools_in_nation,
                              nest = TRUE, data = d))
means("no_fpc", svydesign(ids = ~school, strata = ~nation, weights = ~weight_n, nest = TRUE, data = d))
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
