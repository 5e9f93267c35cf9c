# Reference values for the six svyciprop interval methods (logit, likelihood, asin, beta, mean,
# xlogit) with R's default degrees of freedom (and the likelihood interval on a converged fit), degf(design), from R's survey package (4.1.1),
# on the seeded fixture of make_models_fixture.py: overall and by sector, weights only, a
# stratified clustered design with fpc, and both raked to sector and profession margins.
# Command (from the repository root):
#   python tests/reference/make_models_fixture.py
#   Rscript tests/reference/ciprop_reference.R > tests/reference/ciprop_reference.csv
source("tests/reference/models_common.R")
for (case in names(designs)) {
  base <- subset(designs[[case]], !is.na(not_confident))
  groups <- list(All = base)
  for (g in levels(d$sector)) groups[[g]] <- subset(base, sector == g)
  for (g in names(groups)) {
    s <- groups[[g]]
    e <- svymean(~not_confident, s, na.rm = TRUE)
    put(case, g, "proportion", coef(e)[1]); put(case, g, "se", SE(e)[1]); put(case, g, "df", degf(s))
    for (method in c("logit", "likelihood", "asin", "beta", "mean", "xlogit")) {
      ci <- attr(svyciprop(~not_confident, s, method = method, na.rm = TRUE), "ci")
      put(case, g, paste0(method, "_lower"), ci[1]); put(case, g, paste0(method, "_upper"), ci[2])
    }
    # svyciprop's likelihood interval on a model fitted to convergence (R's default glm stops at a
    # relative change in deviance of 1e-8, and its design-effect ratio uses the working weights of
    # the iteration before the last); this is what svyciprop(method = "likelihood") computes otherwise
    fit <- svyglm(not_confident ~ 1, s, family = quasibinomial, control = glm.control(epsilon = 1e-15, maxit = 100))
    ci <- plogis(suppressMessages(confint(fit, 1, level = 0.95, method = "likelihood", ddf = degf(s))))
    put(case, g, "likelihood_converged_lower", ci[1]); put(case, g, "likelihood_converged_upper", ci[2])
  }
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
