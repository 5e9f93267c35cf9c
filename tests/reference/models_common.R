# Shared set-up of the model, numeric-item and replicate-weight references (sourced by the scripts
# beside it): the fixture of make_models_fixture.py and its designs.
suppressMessages(library(survey))
d <- read.csv("tests/reference/models_fixture.csv")
d$sector <- factor(d$sector, levels = c("Health", "Education", "Police"))
d$profession <- factor(d$profession, levels = c("Practitioner", "Manager", "Specialist"))
m <- read.csv("tests/reference/models_margins.csv")
num <- function(x) sprintf("%.17g", x)
out <- data.frame()
put <- function(case, group, quantity, value) {
  out <<- rbind(out, data.frame(case = case, group = group, quantity = quantity, value = num(value)))
}
targets <- list(
  data.frame(sector = factor(levels(d$sector), levels = levels(d$sector)), Freq = m$population[m$variable == "sector"]),
  data.frame(profession = factor(levels(d$profession), levels = levels(d$profession)),
             Freq = m$population[m$variable == "profession"]))
tight <- list(maxit = 200, epsilon = 1e-13)
weights_only <- svydesign(ids = ~1, weights = ~weight, data = d)
clustered <- svydesign(ids = ~service, strata = ~region, weights = ~weight, fpc = ~services_in_region, nest = TRUE,
                       data = d)
designs <- list(
  weights = weights_only,
  design = clustered,
  raked = rake(weights_only, list(~sector, ~profession), targets, control = tight),
  raked_design = rake(clustered, list(~sector, ~profession), targets, control = tight))
