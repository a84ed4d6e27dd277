module example.com/lbmod

go 1.26.0
